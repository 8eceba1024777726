package dev.lamb.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.TypeConversionException;

/**
 * Option values as users type them, in help, completion and errors alike: an enum's constants in lower
 * case ({@code short|long|json}, not {@code SHORT LONG JSON}), and {@code --output csv} offered and
 * accepted only by a command that prints a table.
 */
final class OptionValues {
    private OptionValues() {}

    static void apply(CommandLine root) {
        List<CommandLine> commands = new ArrayList<>();
        collect(root, commands);
        for (CommandLine command : commands) {
            CommandSpec spec = command.getCommandSpec();
            for (OptionSpec option : List.copyOf(spec.options())) {
                Class<?> type = option.auxiliaryTypes()[0];
                if (!type.isEnum()) {
                    continue;
                }
                List<String> values = option.longestName().equals("--output") ? OutputOptions.formatsFor(spec) : names(type);
                if (option.group() == null) {
                    replace(spec, option, values);
                }
            }
            for (PositionalParamSpec parameter : spec.positionalParameters()) {
                if (parameter.auxiliaryTypes()[0].isEnum()) {
                    lowerCaseErrors(command, parameter.auxiliaryTypes()[0]);
                }
            }
        }
    }

    /** A parameter's values are already in its help and completion; its error lists them the same way. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void lowerCaseErrors(CommandLine command, Class type) {
        command.registerConverter(type, (ITypeConverter) converter(type, names(type)));
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    /**
     * The option again, with these values in help, completion and parsing. An option the root hands
     * down is already on every subcommand, so the copy is local, or picocli would add it to them again.
     */
    private static void replace(CommandSpec spec, OptionSpec option, List<String> values) {
        spec.remove(option);
        spec.addOption(option.toBuilder()
                .completionCandidates(values)
                .paramLabel(String.join("|", values))
                .converters(converter(option.auxiliaryTypes()[0], values))
                .scopeType(ScopeType.LOCAL)
                .build());
    }

    static List<String> names(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT)).toList();
    }

    private static ITypeConverter<Object> converter(Class<?> type, List<String> values) {
        return new EnumConverter(type, values);
    }

    /**
     * A class, not a lambda: a lambda links picocli's (Java 5) ITypeConverter as JDK 17 makes the start-up archive,
     * which then leaves it out, and with it every converter of picocli's that each command line loads.
     */
    private record EnumConverter(Class<?> type, List<String> values) implements ITypeConverter<Object> {
        @Override
        public Object convert(String text) {
            String typed = text.strip().toLowerCase(Locale.ROOT);
            for (Object constant : type.getEnumConstants()) {
                String name = ((Enum<?>) constant).name().toLowerCase(Locale.ROOT);
                if (name.equals(typed) && values.contains(name)) {
                    return constant;
                }
            }
            throw new TypeConversionException("'" + text + "' is not one of " + String.join("|", values));
        }
    }
}
