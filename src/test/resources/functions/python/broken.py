import not_a_module_lamb_has  # noqa: F401  (the import error is the point)


def handler(event, context):
    return "unreachable"
