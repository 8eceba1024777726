package dev.lamb.local.apigateway;

/** One route as API Gateway names it ("GET /items/{id}"): an HTTP method, or ANY, on a resource template. */
public record RouteKey(String method, String resource) {
    /** The method that takes every method a resource has no route of its own for. */
    public static final String ANY = "ANY";

    public boolean takesAnyMethod() {
        return method.equals(ANY);
    }

    @Override
    public String toString() {
        return method + " " + resource;
    }
}
