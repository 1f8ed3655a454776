package herd.engine.module.builtin;

import java.util.List;

import herd.engine.event.Status;
import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.template.TemplateError;

/** ansible.builtin.assert: fails the host unless every condition of {@code that} holds. */
public final class Assert extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("assert", "ansible.builtin",
            Arg.of("that", Arg.Type.EXPRESSION).mandatory(), Arg.of("fail_msg", Arg.Type.RAW).aliases("msg"),
            Arg.of("success_msg", Arg.Type.RAW), Arg.of("quiet", Arg.Type.BOOL));

    public Assert() {
        super(SPEC, Trait.CONTROLLER);
    }

    @Override
    public Outcome run(ModuleCall call) {
        Object that = call.args().get("that");
        List<?> conditions = that instanceof List<?> list ? list : List.of(that);
        for (Object condition : conditions) {
            boolean holds;
            try {
                holds = call.templates().test(String.valueOf(condition), call.vars());
            } catch (TemplateError e) {
                return Outcome.failed("assert: cannot evaluate '" + condition + "': " + e.getMessage());
            }
            if (!holds) {
                return Outcome.failed(call.string("fail_msg", "Assertion failed"))
                        .with("assertion", String.valueOf(condition)).with("evaluated_to", false);
            }
        }
        return Outcome.of(Status.OK, call.string("success_msg", "All assertions passed"));
    }
}
