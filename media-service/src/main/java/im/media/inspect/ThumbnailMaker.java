package im.media.inspect;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.util.exif.ExifFilterUtils;
import net.coobird.thumbnailator.util.exif.ExifUtils;
import net.coobird.thumbnailator.util.exif.Orientation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * JPEG thumbnails of pictures, at most {@value #MAX_SIDE} px on the longest side (smaller pictures keep their
 * size), for the picture formats ImageIO reads (PNG, JPEG, GIF's first frame, BMP; not WebP or HEIC: those get none,
 * silently).
 *
 * <p>Memory is bounded before anything is decoded: the reader reports the dimensions from the header, pictures over
 * {@value #MAX_PIXELS} pixels get no thumbnail, and larger pictures are decoded with source subsampling (every n-th
 * pixel of every n-th row), so the decoded image is never much larger than twice the thumbnail, whatever the
 * picture's size: a 6000x4000 photo decodes to about 750x500. Thumbnailator then scales it with good quality,
 * applies the EXIF orientation (a phone photo taken upright stays upright) and writes the JPEG; transparency becomes
 * white. At most {@value #CONCURRENT} thumbnails are made at once; an upload that would wait more than a few seconds
 * for a turn stores its file without one.
 */
@Component
public class ThumbnailMaker {

    public static final int MAX_SIDE = 320;
    static final long MAX_PIXELS = 50_000_000L;
    static final int CONCURRENT = 2;

    private static final Logger log = LoggerFactory.getLogger(ThumbnailMaker.class);

    private final Semaphore turns = new Semaphore(CONCURRENT);

    /** Writes a thumbnail of {@code picture} to {@code target}; false (and nothing written) when there is none. */
    public boolean make(Path picture, Path target) {
        try {
            if (!turns.tryAcquire(5, TimeUnit.SECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            Decoded decoded = decode(picture);
            if (decoded == null) {
                return false;
            }
            Thumbnails.Builder<BufferedImage> builder = Thumbnails.of(decoded.image());
            if (decoded.image().getWidth() > MAX_SIDE || decoded.image().getHeight() > MAX_SIDE) {
                builder.size(MAX_SIDE, MAX_SIDE).keepAspectRatio(true);
            } else {
                builder.scale(1.0);
            }
            if (decoded.orientation() != null) {
                builder.addFilter(ExifFilterUtils.getFilterForOrientation(decoded.orientation()));
            }
            builder.outputFormat("jpg").outputQuality(0.8).toFile(target.toFile());
            return true;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            log.debug("no thumbnail: {}", e.toString());
            return false;
        } finally {
            turns.release();
        }
    }

    private record Decoded(BufferedImage image, Orientation orientation) {
    }

    private static Decoded decode(Path picture) throws IOException {
        try (ImageInputStream input = ImageIO.createImageInputStream(picture.toFile())) {
            if (input == null) {
                return null;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, false);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
                    return null;
                }
                int step = Math.max(1, Math.max(width, height) / (2 * MAX_SIDE));
                ImageReadParam param = reader.getDefaultReadParam();
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                BufferedImage image = reader.read(0, param);
                Orientation orientation = null;
                try {
                    orientation = ExifUtils.getExifOrientation(reader, 0);
                } catch (IOException | RuntimeException e) {
                    // no usable EXIF
                }
                return new Decoded(opaque(image), orientation);
            } finally {
                reader.dispose();
            }
        }
    }

    /** The picture on white, as RGB: JPEG has no transparency, and ImageIO's JPEG writer refuses ARGB. */
    private static BufferedImage opaque(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = rgb.createGraphics();
        try {
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
            graphics.drawImage(image, 0, 0, null);
        } finally {
            graphics.dispose();
        }
        return rgb;
    }
}
