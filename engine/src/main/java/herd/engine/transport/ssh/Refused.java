package herd.engine.transport.ssh;

import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.Transport;
import herd.engine.transport.UnreachableException;

/** A host whose SSH settings herd cannot follow (ProxyCommand, an unknown %-token): unreachable, with why. */
record Refused(String why) implements Transport {
    @Override
    public void connect() throws UnreachableException {
        throw new UnreachableException(why);
    }

    @Override
    public ExecResult exec(ExecRequest request) throws UnreachableException {
        throw new UnreachableException(why);
    }

    @Override
    public void put(String path, byte[] content, int mode) throws UnreachableException {
        throw new UnreachableException(why);
    }

    @Override
    public byte[] fetch(String path) throws UnreachableException {
        throw new UnreachableException(why);
    }

    @Override
    public void close() {
    }
}
