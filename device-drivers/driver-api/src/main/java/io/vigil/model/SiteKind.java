package io.vigil.model;

/** What a site is; rules pick their limits by it (river vs lake phosphorus, dust, air). */
public enum SiteKind {
    RIVER_SECTION, LAKE_SECTION, CONSTRUCTION_SITE, AIR_STATION, OTHER
}
