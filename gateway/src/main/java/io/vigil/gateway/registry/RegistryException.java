package io.vigil.gateway.registry;

/** A refused registry change; {@link #field()} names the offending field when there is one. */
public final class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of refusal, mapped to an HTTP status by the API. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT }

    private final Kind kind;
    private final String field;

    public RegistryException(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public static RegistryException invalid(String field, String message) {
        return new RegistryException(Kind.INVALID, field, message);
    }

    public static RegistryException notFound(String what, String id) {
        return new RegistryException(Kind.NOT_FOUND, null, what + " '" + id + "' does not exist");
    }

    public static RegistryException conflict(String message) {
        return new RegistryException(Kind.CONFLICT, null, message);
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }
}
