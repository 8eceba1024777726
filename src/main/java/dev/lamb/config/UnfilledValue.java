package dev.lamb.config;

/**
 * The value `lamb init --from-function` writes for an environment variable whose value it did not copy (the
 * values may be secrets). lamb.toml refuses to load while a key still holds it: deploy sends the whole
 * environment, so an empty string or a left-out key would blank or remove the function's variable.
 */
public final class UnfilledValue {
    public static final String VALUE = "<fill in: lamb init --from-function did not copy this value>";

    private UnfilledValue() {}
}
