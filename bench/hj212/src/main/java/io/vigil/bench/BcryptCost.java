package io.vigil.bench;

import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * What checking one access password costs on this machine, at the cost the benchmark gives the
 * gateway and at the gateway's default: the gateway checks it once per connection, on the first frame.
 */
record BcryptCost(double benchMillis, double defaultMillis) {
    static final int BENCH_COST = 4;
    static final int DEFAULT_COST = 10;

    static BcryptCost measure() {
        return new BcryptCost(checkMillis(BENCH_COST), checkMillis(DEFAULT_COST));
    }

    /** The fastest of three checks, after one unmeasured. */
    private static double checkMillis(int cost) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        char[] password = "bench-pw-212".toCharArray();
        String hash = OpenBSDBCrypt.generate("2y", password, salt, cost);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            long start = System.nanoTime();
            if (!OpenBSDBCrypt.checkPassword(hash, password)) {
                throw new IllegalStateException("bcrypt check failed");
            }
            best = i == 0 ? best : Math.min(best, (System.nanoTime() - start) / 1e6);
        }
        return best;
    }
}
