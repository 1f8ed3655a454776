package herd.engine.transport;

/** Makes the transport for one host. Implementations share what can be shared (keys, known hosts). */
public interface TransportFactory extends AutoCloseable {

    Transport open(Endpoint endpoint);

    @Override
    default void close() {
    }
}
