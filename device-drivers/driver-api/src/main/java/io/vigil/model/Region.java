package io.vigil.model;

import java.util.Objects;

/** A node of the region tree (city → district → town → grid). The city has no parent. */
public record Region(String id, String name, RegionLevel level, String parentId) {
    public Region {
        Ids.require(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(level, "level");
        if (level == RegionLevel.CITY && parentId != null) {
            throw new IllegalArgumentException("a city has no parent");
        }
        if (level != RegionLevel.CITY && parentId == null) {
            throw new IllegalArgumentException("a " + level.name().toLowerCase() + " needs a parent");
        }
    }
}
