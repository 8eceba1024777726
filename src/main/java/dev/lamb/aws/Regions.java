package dev.lamb.aws;

import java.util.Optional;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** The region the SDK would pick from the profile files, kept out of the CLI classes every start loads. */
public final class Regions {
    private Regions() {}

    /** The profile's region (the named profile, else $AWS_PROFILE's, else default), if one is set. */
    public static Optional<String> ofProfile(String profile) {
        try {
            return Optional.of(DefaultAwsRegionProviderChain.builder().profileName(profile).build().getRegion().id());
        } catch (SdkClientException e) {
            return Optional.empty();
        }
    }
}
