package herd.cli;

/** Options that parse but make no sense together; exit code 5. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
