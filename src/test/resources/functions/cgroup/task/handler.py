# A function for the cgroup limit tests: burns a fixed amount of CPU, or holds some memory.


def handler(event, context):
    if "burn" in event:
        x = 0
        for i in range(event["burn"]):
            x += i
        return {"burned": event["burn"]}
    if "allocateMb" in event:
        # bytes * n writes every byte, so the memory is really used (calloc'd memory would not be).
        data = b"\x01" * (event["allocateMb"] * 1024 * 1024)
        return {"allocatedMb": len(data) // (1024 * 1024)}
    return {"ok": True}
