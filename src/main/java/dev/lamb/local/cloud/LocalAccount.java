package dev.lamb.local.cloud;

/** The one AWS account the local cloud is: every ARN it makes and every caller it names is in it. */
public final class LocalAccount {
    /** The account id moto and LocalStack use too, so that ARNs compare alike across local clouds. */
    public static final String ID = "000000000000";

    private LocalAccount() {}
}
