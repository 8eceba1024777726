package dev.lamb.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which contents and names count as secrets: key-shaped fixtures beside the real keys of PackageCommandIT. */
class SecretFilesTest {
    private static Optional<String> content(String name, String text) {
        return SecretFiles.byContent(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void privateKeyBlocksOfEveryKindAreKeys() {
        for (String label : new String[] {"PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY",
                "OPENSSH PRIVATE KEY", "DSA PRIVATE KEY", "PGP PRIVATE KEY BLOCK"}) {
            assertEquals(Optional.of("a private key"),
                    content("any.name", "\n-----BEGIN " + label + "-----\nMIIB\n-----END " + label + "-----\n"), label);
        }
        assertEquals(Optional.of("a private key"), content("server.pem",
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE\n"
                        + "-----END PRIVATE KEY-----\n"), "a certificate with its key is a key");
        assertEquals(Optional.of("a private key"), content("id.ppk", "PuTTY-User-Key-File-3: ssh-ed25519\n"));
    }

    @Test
    void certificatesPublicKeysAndCodeThatMentionsKeysStay() {
        assertEquals(Optional.empty(), content("ca-bundle.crt",
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nMIIC\n"
                        + "-----END CERTIFICATE-----\n"));
        assertEquals(Optional.empty(), content("key.pub", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n"));
        assertEquals(Optional.empty(), content("id_rsa.pub", "ssh-rsa AAAAB3NzaC1yc2E ada@example\n"));
        assertEquals(Optional.empty(), content("handler.py",
                "PEM_HEADER = '-----BEGIN PRIVATE KEY-----'\naws_secret_access_key = os.environ['KEY']\n"));
    }

    @Test
    void awsCredentialsAndServiceAccountKeysAreCredentials() {
        assertEquals(Optional.of("AWS credentials"),
                content("conf/credentials", "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"));
        assertEquals(Optional.empty(), content("docs/credentials", "How to get credentials: ask the team.\n"));
        assertEquals(Optional.of("a Google Cloud service-account key"), content("sa.json",
                "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMII\\n\"}"));
        assertEquals(Optional.empty(), content("settings.json",
                "{\"type\": \"settings\", \"note\": \"not a service_account\", \"private_key\": null}"));
    }

    @Test
    void credentialFilesAreKnownByName() {
        assertEquals(Optional.of("SSH keys"), SecretFiles.byName("deploy/.ssh", true));
        assertEquals(Optional.of("credentials"), SecretFiles.byName(".netrc", false));
        assertEquals(Optional.of("credentials"), SecretFiles.byName("conf/.pgpass", false));
        assertEquals(Optional.of("credentials"), SecretFiles.byName(".git-credentials", false));
        assertEquals(Optional.empty(), SecretFiles.byName(".ssh", false), "a file named .ssh is not the folder");
    }
}
