package herd.engine.module.builtin.files;

/**
 * What {@code stat} says of one file on the host.
 *
 * @param rawMode the whole {@code st_mode}: type and permission bits
 * @param owner   the owner's name, or the uid as text when the host knows no name for it (as Ansible reports it)
 * @param group   the group's name, or the gid as text
 * @param atime   seconds since the epoch, with their fraction, as Python's {@code st_atime}
 * @param blocks    {@code st_blocks} (512-byte blocks)
 * @param blockSize {@code st_blksize}
 * @param rdev      {@code st_rdev}, the device a character or block device file stands for (0 otherwise)
 */
public record Inode(int rawMode, long uid, long gid, String owner, String group, long size, long nlink, long inode,
                    long dev, double atime, double mtime, double ctime, long blocks, long blockSize, long rdev) {

    /** What kind of file it is. */
    public enum Kind { FILE, DIRECTORY, LINK, FIFO, SOCKET, CHAR, BLOCK }

    public Kind kind() {
        return switch (rawMode & 0170000) {
            case 0100000 -> Kind.FILE;
            case 0040000 -> Kind.DIRECTORY;
            case 0120000 -> Kind.LINK;
            case 0010000 -> Kind.FIFO;
            case 0140000 -> Kind.SOCKET;
            case 0020000 -> Kind.CHAR;
            default -> Kind.BLOCK;
        };
    }

    /** The permission bits, 0 to 07777. */
    public int permissions() {
        return rawMode & 07777;
    }

    /** The permission bits as Ansible reports them: {@code 0644}. */
    public String mode() {
        return Modes.octal(rawMode);
    }

    /** Reads one line of {@code stat -c FORMAT} output; see {@link RemoteFile}. */
    static Inode parse(String line) {
        String[] f = line.split("\\|", -1);
        long uid = Long.parseLong(f[1]);
        long gid = Long.parseLong(f[2]);
        return new Inode(Integer.parseInt(f[0], 16), uid, gid, name(f[10], uid), name(f[11], gid),
                Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]),
                Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]),
                Long.parseLong(f[12]), Long.parseLong(f[13]), rdev(Long.parseLong(f[14], 16), Long.parseLong(f[15], 16)));
    }

    /** Linux's encoding of a device number, as Python's {@code st_rdev} gives it. */
    private static long rdev(long major, long minor) {
        return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffL) << 12) | ((major & ~0xfffL) << 32);
    }

    private static String name(String given, long id) {
        return given.equals("UNKNOWN") ? Long.toString(id) : given;
    }

    /** The stat format {@link #parse} reads. */
    static final String FORMAT = "%f|%u|%g|%s|%h|%i|%d|%.9X|%.9Y|%.9Z|%U|%G|%b|%o|%t|%T";
}
