package herd.engine.module.builtin;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.uri: an HTTP request from the host, as a small Python program there (see {@link
 * RemoteProgram}): a body as written, as JSON or form-encoded; basic authentication (the password
 * travels with the arguments on standard input); the response's JSON decoded into {@code json}.
 */
public final class Uri extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("uri", "ansible.builtin",
            Arg.str("url").mandatory(), Arg.str("method"), Arg.of("status_code", Arg.Type.RAW),
            Arg.of("timeout", Arg.Type.INT), Arg.of("return_content", Arg.Type.BOOL), Arg.of("headers", Arg.Type.DICT),
            Arg.of("body", Arg.Type.RAW), Arg.str("body_format").choices("raw", "json", "form-urlencoded"),
            Arg.str("url_username").aliases("user"), Arg.str("url_password").aliases("password").secret(),
            Arg.of("force_basic_auth", Arg.Type.BOOL), Arg.of("validate_certs", Arg.Type.BOOL),
            Arg.str("follow_redirects").choices("all", "none", "safe", "urllib2", "yes", "no"),
            Arg.str("creates"), Arg.str("removes"));

    public Uri() {
        super(SPEC);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        return RemoteProgram.run("uri", call);
    }
}
