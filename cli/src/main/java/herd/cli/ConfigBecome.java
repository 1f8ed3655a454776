package herd.cli;

import herd.engine.config.AnsibleConfig;
import herd.engine.config.Configured;
import herd.engine.config.Setting;
import herd.engine.load.InputException;
import herd.engine.run.BecomeDefaults;

/**
 * ansible.cfg's become settings as the run's become defaults. herd becomes with sudo or su, so another
 * become_method is refused rather than quietly replaced.
 */
final class ConfigBecome {
    private ConfigBecome() {
    }

    static BecomeDefaults of(AnsibleConfig config) {
        Configured<String> method = config.becomeMethod();
        if (!herd.engine.playbook.Become.METHODS.contains(method.value())) {
            throw new InputException(AnsibleConfig.problem(Setting.BECOME_METHOD, method.origin(),
                    "must be sudo or su (the methods herd has), not '" + method.value() + "'"));
        }
        return new BecomeDefaults(config.become().value(), config.becomeUser().value(), method.value());
    }
}
