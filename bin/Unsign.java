import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * bin/build's helper: removes the signature files of signed jars (BouncyCastle's) in the folder
 * given, so the JVM does not hash every class of them at each start of ./herd (about 0.1 s of CPU).
 * The classes are the same bytes; OpenJDK needs no signature on a JCE provider.
 */
public final class Unsign {
    public static void main(String[] args) throws IOException {
        try (var jars = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
            for (Path jar : jars) {
                unsign(jar);
            }
        }
    }

    private static boolean signature(String name) {
        return name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");
    }

    private static void unsign(Path jar) throws IOException {
        boolean signed = false;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null && !signed; ) {
                signed = signature(e.getName());
            }
        }
        if (!signed) {
            return;
        }
        Path out = jar.resolveSibling(jar.getFileName() + ".unsigned");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (!signature(e.getName())) {
                    zip.putNextEntry(new ZipEntry(e.getName()));
                    in.transferTo(zip);
                    zip.closeEntry();
                }
            }
        }
        Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
    }
}
