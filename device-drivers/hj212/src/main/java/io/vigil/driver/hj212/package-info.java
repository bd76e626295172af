/**
 * HJ 212-2017 (and HJ/T 212-2005) codec, pure and free of I/O: {@link io.vigil.driver.hj212.Hj212FrameSplitter}
 * cuts a byte stream into frames, {@link io.vigil.driver.hj212.Hj212Parser} checks length and CRC
 * ({@link io.vigil.driver.hj212.Hj212Crc}) and parses the data segment into an
 * {@link io.vigil.driver.hj212.Hj212Frame}, {@link io.vigil.driver.hj212.Hj212PacketAssembler} joins
 * split packets, {@link io.vigil.driver.hj212.Hj212Readings} turns data uploads into readings using
 * the {@link io.vigil.driver.hj212.Hj212CodeTable}, and {@link io.vigil.driver.hj212.Hj212Encoder}
 * builds frames and answers. Invalid input is always a value with a reason, never an exception.
 */
package io.vigil.driver.hj212;
