package dev.lamb.deploy;

import dev.lamb.local.cloud.LocalAccount;
import dev.lamb.testing.Moto;

/** The trust policy lamb gives its own role (Lambda, this account only), for the tests' roles made outside lamb. */
final class LambdaTrust {
    /** For a role of the local cloud's one account. */
    static final String LOCAL = RoleGrants.trust(new RoleGrants.Account("aws", LocalAccount.ID)).json();
    /** For a role of moto's account. */
    static final String MOTO = RoleGrants.trust(new RoleGrants.Account("aws", Moto.ACCOUNT)).json();

    private LambdaTrust() {}
}
