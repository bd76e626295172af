package io.vigil.gateway.tsdb;

import java.util.List;

/** Writes line-protocol lines to a store. Blocking; throws {@link TsdbWriteException} on failure. */
public interface TsdbSink extends AutoCloseable {
    void write(List<String> lines);

    @Override
    void close();
}
