package io.vigil.model;

/** Levels of the governance region tree, outermost first. */
public enum RegionLevel {
    CITY, DISTRICT, TOWN, GRID;

    /** The level a child of this level has, or null for a grid. */
    public RegionLevel childLevel() {
        int next = ordinal() + 1;
        return next < values().length ? values()[next] : null;
    }
}
