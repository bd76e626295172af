package io.vigil.gateway.registry;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Device passwords as salted bcrypt hashes (Bouncy Castle). A successful check is remembered as a
 * keyed MAC of the password for that hash, so a reconnect storm of devices with correct passwords
 * does not cost one bcrypt each; wrong passwords always pay the full cost. Thread-safe.
 */
public final class PasswordHasher {
    private static final int MAX_REMEMBERED = 100_000;

    private final int cost;
    private final SecureRandom random = new SecureRandom();
    private final byte[] macKey = new byte[32];
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    public PasswordHasher(int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be within 4..31, was " + cost);
        }
        this.cost = cost;
        random.nextBytes(macKey);
    }

    /** A new salted hash of {@code password} in the modular crypt format ($2y$...). Slow by design. */
    public String hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, cost);
    }

    /** Whether {@code password} matches {@code hash}. Slow unless this pair was verified before. */
    public boolean matches(String password, String hash) {
        if (hash == null || password == null) {
            return false;
        }
        byte[] tag = mac(hash, password);
        byte[] known = verified.get(hash);
        if (known != null && MessageDigest.isEqual(known, tag)) {
            return true;
        }
        boolean ok;
        try {
            ok = OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        } catch (IllegalArgumentException malformedHash) {
            return false;
        }
        if (ok) {
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(hash, tag);
        }
        return ok;
    }

    private byte[] mac(String hash, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            mac.update(hash.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
