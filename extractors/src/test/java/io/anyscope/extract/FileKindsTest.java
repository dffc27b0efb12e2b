package io.anyscope.extract;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Which files anyscope reads: the binary probe. */
class FileKindsTest {
    @Test
    void firstNulSearchesTheProbeOnly() {
        assertThat(FileKinds.firstNul(new byte[0])).isEqualTo(-1);
        assertThat(FileKinds.firstNul(new byte[] {'a', 'b', 0, 0})).isEqualTo(2);
        byte[] late = new byte[FileKinds.BINARY_PROBE + 1];
        Arrays.fill(late, (byte) 'a');
        late[FileKinds.BINARY_PROBE] = 0;
        assertThat(FileKinds.firstNul(late)).isEqualTo(-1);
        late[FileKinds.BINARY_PROBE - 1] = 0;
        assertThat(FileKinds.firstNul(late)).isEqualTo(FileKinds.BINARY_PROBE - 1);
    }
}
