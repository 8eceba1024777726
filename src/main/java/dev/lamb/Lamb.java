package dev.lamb;

public final class Lamb {
    public static void main(String[] args) {
        System.exit(0);
    }
}
