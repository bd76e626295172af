package io.vigil.model;

import java.util.Objects;

/** A monitored place (river section, construction site, air station) in a region. */
public record Site(String id, String name, SiteKind kind, String regionId, Double latitude, Double longitude) {
    public Site {
        Ids.require(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(regionId, "regionId");
        if (latitude != null && (latitude < -90 || latitude > 90)) {
            throw new IllegalArgumentException("latitude must be within [-90, 90], was " + latitude);
        }
        if (longitude != null && (longitude < -180 || longitude > 180)) {
            throw new IllegalArgumentException("longitude must be within [-180, 180], was " + longitude);
        }
    }
}
