package dev.lamb.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import dev.lamb.config.Architecture;
import dev.lamb.local.cloud.FaultRule;
import dev.lamb.scaffold.FunctionRuntime;
import dev.lamb.tune.Strategy;

/** What shell completion offers for the options that take a word from a fixed list. */
final class Candidates {
    private Candidates() {}

    static final class Runtimes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(FunctionRuntime.values()).map(FunctionRuntime::id).iterator();
        }
    }

    static final class Architectures implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ids().iterator();
        }

        static List<String> ids() {
            return Arrays.stream(Architecture.values()).map(Architecture::id).toList();
        }
    }

    /** tune compares architectures: each alone, or all of them. */
    static final class ArchitectureLists implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> ids = Architectures.ids();
            return Stream.concat(ids.stream(), Stream.of(String.join(",", ids))).iterator();
        }
    }

    static final class Goals implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return OptionValues.names(Strategy.Goal.class).iterator();
        }
    }

    /** The local cloud's services by name; "*" (all of them) is left out, as a shell would expand it. */
    static final class FaultServices implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return FaultRule.SERVICES.stream().filter(s -> !s.equals("*")).sorted().iterator();
        }
    }

    static final class FaultKinds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return FaultRule.KINDS.stream().sorted().iterator();
        }
    }
}
