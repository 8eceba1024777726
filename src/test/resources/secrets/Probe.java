package example;

/** Reads secrets through the Java template's SecretCache, as a handler would, and prints their lengths (never a value). */
public final class Probe {
    private Probe() {}

    public static void main(String[] args) {
        SecretCache secrets = SecretCache.standard();
        String denied;
        try {
            secrets.get("DENIED");
            denied = "read";
        } catch (SecretException e) {
            denied = e.getMessage();
        }
        System.out.println("db=" + secrets.get("DB_PASSWORD").length() + " key=" + secrets.get("SIGNING_KEY").length() + " denied=" + denied);
    }
}
