package im.media.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import im.media.support.MediaSamples;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailMakerTest {

    private final ThumbnailMaker maker = new ThumbnailMaker();

    @TempDir
    Path dir;

    private BufferedImage thumbnail(byte[] picture) throws IOException {
        Path source = Files.write(dir.resolve("source"), picture);
        Path target = dir.resolve("thumb.jpg");
        Files.deleteIfExists(target);
        assertThat(maker.make(source, target)).isTrue();
        byte[] jpeg = Files.readAllBytes(target);
        assertThat(jpeg).startsWith(0xFF, 0xD8);
        return MediaSamples.read(jpeg);
    }

    @Test
    void aLargePictureIsScaledToAtMost320OnItsLongestSide() throws IOException {
        BufferedImage wide = thumbnail(MediaSamples.jpeg(2000, 1000));
        assertThat(wide.getWidth()).isEqualTo(320);
        assertThat(wide.getHeight()).isEqualTo(160);
        BufferedImage tall = thumbnail(MediaSamples.png(900, 1800));
        assertThat(tall.getHeight()).isEqualTo(320);
        assertThat(tall.getWidth()).isEqualTo(160);
    }

    @Test
    void aSmallPictureKeepsItsSize() throws IOException {
        BufferedImage small = thumbnail(MediaSamples.gif(100, 60));
        assertThat(small.getWidth()).isEqualTo(100);
        assertThat(small.getHeight()).isEqualTo(60);
    }

    @Test
    void transparencyBecomesWhite() throws IOException {
        BufferedImage image = new BufferedImage(50, 50, BufferedImage.TYPE_INT_ARGB);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        BufferedImage thumb = thumbnail(png.toByteArray());
        int rgb = thumb.getRGB(25, 25) & 0xFFFFFF;
        assertThat((rgb >> 16) & 0xFF).isGreaterThan(240);
        assertThat(rgb & 0xFF).isGreaterThan(240);
    }

    @Test
    void whatImageIoCannotReadGetsNone() throws IOException {
        Path target = dir.resolve("none.jpg");
        assertThat(maker.make(Files.write(dir.resolve("webp"), MediaSamples.webpHeader()), target)).isFalse();
        assertThat(maker.make(Files.write(dir.resolve("text"), "hello".getBytes()), target)).isFalse();
        assertThat(maker.make(Files.write(dir.resolve("cut"), java.util.Arrays.copyOf(MediaSamples.png(100, 100), 60)),
                target)).isFalse();
    }
}
