package herd.engine.run;

import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.FileTransferException;
import herd.engine.transport.Transport;
import herd.engine.transport.UnreachableException;

/**
 * Runs commands on the host of a step (the delegate's, when delegated), connecting on first use, and
 * moves files there as the login user. A lambda runs commands only; {@link #over} does all three.
 */
interface HostExec {
    ExecResult exec(ExecRequest request) throws UnreachableException;

    /** Writes a file as the login user, as {@link Transport#put} does. */
    default void put(String path, byte[] content, int mode) throws UnreachableException, FileTransferException {
        throw new UnsupportedOperationException("this host runs commands only: build it with HostExec.over");
    }

    /** Reads a file as the login user, as {@link Transport#fetch} does. */
    default byte[] fetch(String path) throws UnreachableException, FileTransferException {
        throw new UnsupportedOperationException("this host runs commands only: build it with HostExec.over");
    }

    /** How a step reaches its host's transport; asked again on every use, so a host shut out meanwhile stays out. */
    interface Contact {
        Transport transport() throws UnreachableException;
    }

    /** The host behind a transport: commands and files. */
    static HostExec over(Contact contact) {
        return new HostExec() {
            @Override
            public ExecResult exec(ExecRequest request) throws UnreachableException {
                return contact.transport().exec(request);
            }

            @Override
            public void put(String path, byte[] content, int mode) throws UnreachableException, FileTransferException {
                contact.transport().put(path, content, mode);
            }

            @Override
            public byte[] fetch(String path) throws UnreachableException, FileTransferException {
                return contact.transport().fetch(path);
            }
        };
    }
}
