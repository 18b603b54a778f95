package im.media.storage;

import im.media.api.FileNames;
import java.util.regex.Pattern;

/**
 * The layout of the stored objects, the same in every store: a file under {@code files/<aa>/<name>} and its
 * thumbnail under {@code thumbnails/<aa>/<name>.jpg}, where {@code <aa>} are the first two hex digits of the name
 * (256 directories, so no directory of the local store grows to millions of entries).
 */
public final class StorageKeys {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private StorageKeys() {
    }

    public static String file(String name) {
        return "files/" + shard(name) + "/" + name;
    }

    public static String thumbnail(String name) {
        return "thumbnails/" + shard(name) + "/" + name + ".jpg";
    }

    /**
     * Refuses a key that could leave the store's root or name something else than an object: only the key
     * alphabet, no empty, {@code .} or {@code ..} segments.
     */
    public static String check(String key) {
        if (key == null || key.length() > 512 || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("bad storage key");
        }
        for (String segment : key.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("bad storage key");
            }
        }
        return key;
    }

    private static String shard(String name) {
        if (!FileNames.isValid(name)) {
            throw new IllegalArgumentException("bad file name");
        }
        return name.substring(0, 2);
    }
}
