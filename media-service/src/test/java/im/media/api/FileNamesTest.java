package im.media.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void newNamesAreRandomUuidsWithTheExtension() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String name = FileNames.newName("webm");
            assertThat(FileNames.isValid(name)).as(name).isTrue();
            assertThat(name).endsWith(".webm").hasSize(41);
            names.add(name);
        }
        assertThat(names).hasSize(1000);
    }

    @Test
    void onlyTheStoredShapeIsValid() {
        assertThat(FileNames.isValid("0b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20.png")).isTrue();
        assertThat(FileNames.isValid("0b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20.abcdefghij")).isTrue();
        for (String name : new String[]{null, "", "..", "../../etc/passwd", "..%2Fetc", "x.png", "a/b",
                "0b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20", "0b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20.",
                "0b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20.PNG", "0b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20..png",
                "0b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20.abcdefghijk", "/0b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20.png",
                "0b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20.png/", "0b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20.pn\\g",
                "0b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20.png\u0000", " 0b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20.png"}) {
            assertThat(FileNames.isValid(name)).as(String.valueOf(name)).isFalse();
        }
    }

    @Test
    void aBadExtensionIsNeverUsed() {
        assertThatThrownBy(() -> FileNames.newName("../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileNames.newName("")).isInstanceOf(IllegalArgumentException.class);
    }
}
