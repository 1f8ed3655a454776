package herd.engine.config;

import java.nio.file.Path;

import herd.engine.load.Position;

/** Where a setting's value came from: a line of the ansible.cfg, an environment variable, or herd's default. */
public sealed interface Origin {

    /** Where an error about this value points. */
    Position position();

    /** How a message names the setting set here: {@code [defaults] forks}, {@code ANSIBLE_FORKS}. */
    String name(Setting setting);

    /** A line of the ansible.cfg file. */
    record File(Position at) implements Origin {
        @Override
        public Position position() {
            return at;
        }

        @Override
        public String name(Setting setting) {
            return setting.iniName();
        }

        /** The file, for resolving relative paths against its folder. */
        public Path file() {
            return at.file();
        }

        @Override
        public String toString() {
            return at.file() + ":" + at.line();
        }
    }

    /** An environment variable such as {@code ANSIBLE_FORKS}. */
    record Env(String variable) implements Origin {
        @Override
        public Position position() {
            return Position.of("environment");
        }

        @Override
        public String name(Setting setting) {
            return variable;
        }

        @Override
        public String toString() {
            return "env: " + variable;
        }
    }

    /** Nothing set it: herd's default. */
    record Default() implements Origin {
        @Override
        public Position position() {
            return Position.of("default");
        }

        @Override
        public String name(Setting setting) {
            return setting.ansibleName();
        }

        @Override
        public String toString() {
            return "default";
        }
    }
}
