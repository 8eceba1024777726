#!/usr/bin/env bash
# Builds lamb and installs it into a prefix (default ~/.local); --uninstall removes exactly what an
# install created, as listed in PREFIX/share/lamb/install-manifest.txt. Run it again to upgrade.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: ./install.sh [--prefix DIR] [--no-archive] [--uninstall]

Builds lamb with Maven and installs it into DIR (default: $PREFIX, else ~/.local):
  DIR/bin/lamb                                   the launcher
  DIR/share/lamb/                                lamb.jar, lib/*.jar, lamb.jsa (start-up archive)
  DIR/share/bash-completion/completions/lamb     bash completion
  DIR/share/zsh/site-functions/_lamb             zsh completion
Running it again upgrades in place.

Options:
  --prefix DIR   install into DIR instead of $PREFIX or ~/.local
  --no-archive   make no start-up archive: the install takes some 20 s less, and lamb starts
                 about 0.5 s slower (an archive is made by deploying a function to a local cloud)
  --uninstall    remove what an earlier install into the same prefix created, and nothing else
  -h, --help     show this help

Needs Java 17 or newer (JAVA_HOME is honoured) and Maven 3.6.3 or newer.
LAMB_SKIP_BUILD=1 installs the existing target/ without building.
EOF
}

if [[ -t 2 && -z ${NO_COLOR:-} && ${TERM:-dumb} != dumb ]]; then
    red=$'\033[31m' yellow=$'\033[33m' plain=$'\033[0m'
else
    red='' yellow='' plain=''
fi
if [[ -t 1 && -z ${NO_COLOR:-} && ${TERM:-dumb} != dumb ]]; then
    bold=$'\033[1m' normal=$'\033[0m'
else
    bold='' normal=''
fi

die() { printf '%s\n' "${red}error:${plain} $*" >&2; exit 1; }
warn() { printf '%s\n' "${yellow}warning:${plain} $*" >&2; }

mode=install
prefix=${PREFIX:-}
archive=yes
while (($#)); do
    case $1 in
        --prefix)
            (($# >= 2)) || { echo "install.sh: --prefix needs a directory (see ./install.sh --help)" >&2; exit 2; }
            prefix=$2
            shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --no-archive) archive=''; shift ;;
        --uninstall) mode=uninstall; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "install.sh: unknown argument '$1' (see ./install.sh --help)" >&2; exit 2 ;;
    esac
done
if [[ -z $prefix ]]; then
    [[ -n ${HOME:-} ]] || die "HOME is not set; say where to install with --prefix DIR"
    prefix=$HOME/.local
fi
[[ $prefix == /* ]] || prefix=$PWD/$prefix
# Spelled without ".", ".." or doubled slashes ("" for /), as the manifest's relative paths expect.
normalised=''
IFS=/ read -r -a parts <<<"$prefix"
for part in ${parts[@]+"${parts[@]}"}; do
    case $part in
        '' | .) ;;
        ..) normalised=${normalised%/*} ;;
        *) normalised=$normalised/$part ;;
    esac
done
prefix=$normalised

share=$prefix/share/lamb
manifest=$share/install-manifest.txt
source_dir=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)

# Temporary files and folders, removed however the script ends, so an interrupted install leaves
# nothing the manifest does not list.
pending=()
trap 'rm -rf -- ${pending[@]+"${pending[@]}"}' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The manifest holds one entry a line, "file PATH" or "dir PATH", PATH relative to the prefix so that
# a moved prefix can still be uninstalled. Directories are listed only if an install created them,
# parents before children.
entries=()
this_run=() # the files this install wrote

in_list() { # WORD LIST...
    local word=$1 e
    shift
    for e in "$@"; do
        [[ $e == "$word" ]] && return 0
    done
    return 1
}

has_entry() { in_list "$1" ${entries[@]+"${entries[@]}"}; }

# Adds an entry, and appends it to the manifest at once when that exists: an install cut short still
# leaves a manifest listing everything it wrote.
record() {
    if [[ $1 == 'file '* ]] && ! in_list "$1" ${this_run[@]+"${this_run[@]}"}; then this_run+=("$1"); fi
    has_entry "$1" && return 0
    entries+=("$1")
    if [[ -f $manifest ]]; then printf '%s\n' "$1" >>"$manifest"; fi
}

write_manifest() {
    local tmp=$manifest.tmp e
    pending+=("$tmp")
    {
        echo "# Written by lamb's install.sh: what './install.sh --uninstall' removes. Paths are relative to the prefix."
        for e in ${entries[@]+"${entries[@]}"}; do printf '%s\n' "$e"; done
    } >"$tmp"
    mv -f -- "$tmp" "$manifest"
}

read_manifest() {
    local line
    entries=()
    while IFS= read -r line || [[ -n $line ]]; do
        case $line in
            'file '* | 'dir '*) entries+=("$line") ;;
        esac
    done <"$manifest"
}

# The absolute path of a manifest entry, or a failure for one that reaches where an install never
# writes: files lie inside the prefix; folders too, or are the prefix itself (".") or folders made
# above it ("..", "../..").
where() {
    local kind=${1%% *} path=${1#* } up
    if [[ $kind == dir && $path == . ]]; then
        echo "$prefix"
        return
    fi
    if [[ $kind == dir && $path =~ ^\.\.(/\.\.)*$ ]]; then
        up=$prefix
        path=$path/
        while [[ -n $path ]]; do up=${up%/*}; path=${path#../}; done
        [[ -n $up ]] || return 1
        echo "$up"
        return
    fi
    case /$path/ in
        *'/../'* | *'/./'* | '//'*) return 1 ;;
    esac
    [[ -n $path ]] || return 1
    echo "$prefix/$path"
}

rel() { # a path inside or above the prefix -> its manifest path
    if [[ $1 == "$prefix" ]]; then
        echo .
    elif [[ $1 == "$prefix"/* ]]; then
        echo "${1#"$prefix"/}"
    else
        local rest=${prefix#"$1"/} up=..
        while [[ $rest == */* ]]; do rest=${rest#*/}; up=../$up; done
        echo "$up"
    fi
}

ensure_dir() {
    [[ -d $1 ]] && return 0
    ensure_dir "$(dirname -- "$1")"
    mkdir -- "$1" || die "cannot create $1"
    record "dir $(rel "$1")"
}

# Copies through a temporary name then renames, so a lamb running meanwhile never sees half a file.
install_file() { # SOURCE DEST MODE
    local dest=$2
    if [[ -e $dest ]] && ! has_entry "file $(rel "$dest")"; then
        warn "replacing $dest, which lamb's installer did not create; --uninstall will remove it"
    fi
    ensure_dir "$(dirname -- "$dest")"
    record "file $(rel "$dest")"
    pending+=("$dest.tmp.$$")
    cp -- "$1" "$dest.tmp.$$"
    chmod "$3" "$dest.tmp.$$"
    mv -f -- "$dest.tmp.$$" "$dest"
}

uninstall() {
    [[ -f $manifest ]] || die "no lamb install found in ${prefix:-/} ($manifest is missing); pass the same --prefix or PREFIX as the install"
    read_manifest
    local e path kept=() i
    for e in ${entries[@]+"${entries[@]}"}; do
        [[ $e == 'file '* ]] || continue
        path=$(where "$e") || { warn "skipping '$e' from the manifest: not a path lamb installs"; continue; }
        if [[ -f $path || -L $path ]]; then rm -f -- "$path"; fi
    done
    rm -f -- "$manifest"
    # Children were recorded after their parents, so going backwards empties a folder before it.
    for ((i = ${#entries[@]} - 1; i >= 0; i--)); do
        e=${entries[i]}
        [[ $e == 'dir '* ]] || continue
        path=$(where "$e") || { warn "skipping '$e' from the manifest: not a path lamb installs"; continue; }
        [[ -d $path && ! -L $path ]] || continue
        rmdir -- "$path" 2>/dev/null || kept+=("$path")
    done
    echo "lamb uninstalled from ${prefix:-/}"
    if ((${#kept[@]})); then
        echo "left in place because they hold files lamb did not install:"
        printf '  %s\n' "${kept[@]}"
    fi
}

install_hint() {
    echo "Install it, e.g. 'sudo apt-get install $1' (Debian, Ubuntu), 'sudo dnf install $2' (Fedora) or 'brew install $3' (macOS)"
}

find_java() {
    if [[ -n ${JAVA_HOME:-} ]]; then
        java=$JAVA_HOME/bin/java
        [[ -x $java ]] || die "JAVA_HOME is $JAVA_HOME but it has no bin/java; point it at Java 17 or newer, or unset it"
    else
        java=$(command -v java) \
            || die "lamb needs Java 17 or newer and there is no 'java' on PATH. $(install_hint openjdk-17-jdk java-17-openjdk-devel openjdk@17), or set JAVA_HOME."
    fi
    local line version major
    line=$("$java" -version 2>&1 | grep -m1 ' version "') || line=''
    version=${line#*\"}
    version=${version%%\"*}
    case $version in
        1.*) major=${version#1.}; major=${major%%.*} ;;
        *) major=${version%%[.+-]*} ;;
    esac
    [[ $major =~ ^[0-9]+$ ]] || die "cannot tell which Java $java is ('$java -version' printed no version); lamb needs Java 17 or newer"
    ((major >= 17)) \
        || die "lamb needs Java 17 or newer, and $java is Java $version. $(install_hint openjdk-17-jdk java-17-openjdk-devel openjdk@17), or set JAVA_HOME to one."
}

find_maven() {
    local hint line version a b c
    hint=$(install_hint maven maven maven)
    command -v mvn >/dev/null || die "building lamb needs Maven and there is no 'mvn' on PATH. $hint."
    # -B: no colour codes in the version line.
    line=$(mvn -B -v 2>/dev/null | sed $'s/\033\\[[0-9;]*m//g' | grep -m1 '^Apache Maven ') || line=''
    version=${line#Apache Maven }
    version=${version%% *}
    IFS=. read -r a b c _ <<<"$version.0.0"
    a=${a//[!0-9]/} b=${b//[!0-9]/} c=${c//[!0-9]/}
    [[ -n $a && -n $b && -n $c ]] || die "cannot tell which Maven 'mvn' is ('mvn -v' printed no version); lamb needs Maven 3.6.3 or newer"
    ((a > 3 || (a == 3 && (b > 6 || (b == 6 && c >= 3))))) \
        || die "lamb needs Maven 3.6.3 or newer, and 'mvn' is Maven $version. $hint."
}

build() {
    if [[ ${LAMB_SKIP_BUILD:-} == 1 ]]; then
        echo "LAMB_SKIP_BUILD=1: installing the existing target/" >&2
    else
        find_maven
        echo "building lamb…" >&2
        # Maven's output is progress, so it goes to stderr; off a terminal without the colour codes
        # Maven 3.8 writes even with -B.
        if [[ -t 2 ]]; then
            (cd -- "$source_dir" && mvn -B -q -DskipTests package </dev/null >&2)
        else
            (cd -- "$source_dir" && mvn -B -q -DskipTests package </dev/null 2>&1 | sed $'s/\033\\[[0-9;]*m//g' >&2)
        fi || die "the build failed ('mvn -B -q -DskipTests package' in $source_dir); its errors are above"
    fi
    [[ -f $source_dir/target/lamb.jar && -d $source_dir/target/lib ]] \
        || die "$source_dir/target/lamb.jar or target/lib/ is missing; build with 'mvn -B -DskipTests package' or drop LAMB_SKIP_BUILD"
    [[ -f $source_dir/bin/lamb ]] || die "$source_dir/bin/lamb (the launcher) is missing"
}

# A static class-data-sharing archive of the classes `lamb --help` and a `lamb deploy` load (the SDK's
# clients are most of an AWS command's start: the archive takes ~0.5 s off a no-op deploy), made
# through the installed launcher so that it sees the same JVM flags and class path as every later
# start. The deploy goes to a local cloud started for it on a spare port in the work folder; if that
# cannot run, the archive holds what --help loads. JDK_JAVA_OPTIONS
# (quoted, so a prefix with blanks works) carries the dump options; LAMB_CDS=off keeps the launcher
# from offering an archive while one is being made. The archive takes lamb.jar's modification time,
# which the launcher checks (see bin/lamb), and counts as made only once a start has used it.
create_archive() {
    local work log archive=$share/lamb.jsa why=''
    work=$(mktemp -d "${TMPDIR:-/tmp}/lamb-cds.XXXXXX")
    pending+=("$work" "$archive.tmp.$$")
    log=$work/log
    record "file $(rel "$archive")"
    if ! LAMB_CDS=off LAMB_JAVA_OPTS='' JDK_JAVA_OPTIONS="\"-XX:DumpLoadedClassList=$work/help.txt\"" \
            "$prefix/bin/lamb" --help </dev/null >/dev/null 2>"$log" || [[ ! -s $work/help.txt ]]; then
        why=$(last_line "$log")
    elif ! train_deploy "$work" \
            || ! awk '!seen[$0]++' "$work"/help.txt "$work"/deploy.txt "$work"/settings.txt "$work"/noop.txt "$work"/code.txt "$work"/invoke.txt "$work"/start.txt \
                "$work"/cloud.txt "$work"/stop.txt \
                >"$work/classes.txt"; then
        why="cannot list the classes to archive in $work"
    elif ! LAMB_CDS=off LAMB_JAVA_OPTS='' \
            JDK_JAVA_OPTIONS="-Xshare:dump \"-XX:SharedClassListFile=$work/classes.txt\" \"-XX:SharedArchiveFile=$work/lamb.jsa\"" \
            "$prefix/bin/lamb" </dev/null >"$log" 2>&1 || [[ ! -s $work/lamb.jsa ]]; then
        why=$(last_line "$log")
    elif ! { cp -- "$work/lamb.jsa" "$archive.tmp.$$" && touch -r "$share/lamb.jar" -- "$archive.tmp.$$" \
            && mv -f -- "$archive.tmp.$$" "$archive"; }; then
        why="cannot write $archive"
    elif ! LAMB_JAVA_OPTS='-Xshare:on -Xlog:class+load=info' "$prefix/bin/lamb" --version </dev/null >"$log" 2>&1 \
            || ! grep -q 'dev\.lamb\.Lamb source: shared objects file' "$log"; then
        why="the JVM does not load lamb's classes from it"
        case $share in
            *[[:space:]]*) why="$why (JDK 17 shares no classes from a path with blanks in it; JDK 25 does)" ;;
        esac
    fi
    rm -rf -- "$work"
    if [[ -n $why ]]; then
        rm -f -- "$archive" "$archive.tmp.$$"
        warn "no start-up archive, so lamb will start a little slower: $why"
        cds_status="not created (see the warning above)"
    else
        cds_status="created"
    fi
}

# Runs `lamb deploy --local` and `lamb invoke --local` of a fresh Python project against a local cloud
# of its own, listing the classes each loads in WORK/deploy.txt and WORK/invoke.txt, the cloud's in
# WORK/cloud.txt, and those of the `lamb local start --detach` and `lamb local stop` around them in
# WORK/start.txt and WORK/stop.txt (best effort: empty if the cloud cannot start).
train_deploy() {
    local work=$1 port start_list=()
    port=$((20000 + RANDOM % 20000))
    # The detached start is one JVM, the cloud itself: it lists into the file its command line names, which wins over
    # JDK_JAVA_OPTIONS's (the launcher splits LAMB_JAVA_OPTS on blanks, so with blanks in the work folder's path its
    # list is cloud.txt). A cloud that a lamb spawns, for --local, lists into cloud.txt, which it inherits.
    [[ $work == *[[:space:]]* ]] || start_list=(LAMB_JAVA_OPTS="-XX:DumpLoadedClassList=$work/start.txt")
    # Even a deploy that fails halfway has loaded most of what the list is for.
    if env LAMB_CDS=off LAMB_JAVA_OPTS='' ${start_list[@]+"${start_list[@]}"} JDK_JAVA_OPTIONS="\"-XX:DumpLoadedClassList=$work/cloud.txt\"" \
            "$prefix/bin/lamb" local start --detach --port "$port" --data-dir "$work/cloud" </dev/null >/dev/null 2>&1 \
        && LAMB_CDS=off LAMB_JAVA_OPTS='' "$prefix/bin/lamb" init train --runtime python --yes --dir "$work/train" \
            </dev/null >/dev/null 2>&1; then
        LAMB_CDS=off LAMB_JAVA_OPTS='' LAMB_LOCAL_PORT=$port LAMB_LOCAL_DATA=$work/cloud \
            JDK_JAVA_OPTIONS="\"-XX:DumpLoadedClassList=$work/deploy.txt\"" \
            "$prefix/bin/lamb" deploy --local --yes --dir "$work/train" </dev/null >/dev/null 2>&1 || true
        # Then a production function's settings, as a second deploy applies them and reads them back (not provisioned
        # concurrency, whose wait for READY would slow every install for a few classes).
        awk '{ print } /^\[function\]$/ { print "reserved_concurrency = 5" }
            END { print ""; print "[function.async]"; print "max_retries = 1"; print ""; print "[url]"; print "auth = \"NONE\"" }' \
            "$work/train/lamb.toml" >"$work/settings.toml" && mv -f -- "$work/settings.toml" "$work/train/lamb.toml"
        LAMB_CDS=off LAMB_JAVA_OPTS='' LAMB_LOCAL_PORT=$port LAMB_LOCAL_DATA=$work/cloud \
            JDK_JAVA_OPTIONS="\"-XX:DumpLoadedClassList=$work/settings.txt\"" \
            "$prefix/bin/lamb" deploy --local --yes --dir "$work/train" </dev/null >/dev/null 2>&1 || true
        # Then the two deploys people repeat most, as scripts run them: one with nothing to change, and one with new
        # code only (UpdateFunctionCode, its wait, a version, the alias's move and, with keep_versions = 1, the pruning
        # of older versions), whose classes no deploy above loads.
        LAMB_CDS=off LAMB_JAVA_OPTS='' LAMB_LOCAL_PORT=$port LAMB_LOCAL_DATA=$work/cloud \
            JDK_JAVA_OPTIONS="\"-XX:DumpLoadedClassList=$work/noop.txt\"" \
            "$prefix/bin/lamb" deploy --local --output json --dir "$work/train" </dev/null >/dev/null 2>&1 || true
        echo '# new code' >>"$work/train/handler.py" && printf '\n[deploy]\nkeep_versions = 1\n' >>"$work/train/lamb.toml"
        LAMB_CDS=off LAMB_JAVA_OPTS='' LAMB_LOCAL_PORT=$port LAMB_LOCAL_DATA=$work/cloud \
            JDK_JAVA_OPTIONS="\"-XX:DumpLoadedClassList=$work/code.txt\"" \
            "$prefix/bin/lamb" deploy --local --output json --dir "$work/train" </dev/null >/dev/null 2>&1 || true
        LAMB_CDS=off LAMB_JAVA_OPTS='' LAMB_LOCAL_PORT=$port LAMB_LOCAL_DATA=$work/cloud \
            JDK_JAVA_OPTIONS="\"-XX:DumpLoadedClassList=$work/invoke.txt\"" \
            "$prefix/bin/lamb" invoke --local --query name=Ada --dir "$work/train" </dev/null >/dev/null 2>&1 || true
    fi
    LAMB_CDS=off LAMB_JAVA_OPTS='' JDK_JAVA_OPTIONS="\"-XX:DumpLoadedClassList=$work/stop.txt\"" \
        "$prefix/bin/lamb" local stop --data-dir "$work/cloud" </dev/null >/dev/null 2>&1 || true
    # Empty lists when the cloud could not run: the archive then holds what --help loads.
    local list
    for list in start cloud deploy settings noop code invoke stop; do
        [[ -f $work/$list.txt ]] || : >"$work/$list.txt"
    done
}

# The last line of a JVM log that says something: no "[...][info]" lines, no "Picked up" notes.
last_line() {
    grep -v -e '^\[' -e '^NOTE: Picked up' "$1" | grep . | tail -n1 || true
}

on_path() {
    local d IFS=:
    for d in $PATH; do
        [[ $d == "$1" || $d == "$1/" ]] && return 0
    done
    return 1
}

do_install() {
    find_java
    build

    ensure_dir "$share"
    if [[ -f $manifest ]]; then read_manifest; fi
    write_manifest

    # The old archive describes the old jars: drop it before they change.
    rm -f -- "$share/lamb.jsa"

    local jar name new_jars=() e path
    install_file "$source_dir/target/lamb.jar" "$share/lamb.jar" 644
    for jar in "$source_dir"/target/lib/*.jar; do
        [[ -f $jar ]] || continue
        name=${jar##*/}
        new_jars+=("$name")
        install_file "$jar" "$share/lib/$name" 644
    done
    # Upgrade: drop libraries the new build no longer has, listed or not.
    for jar in "$share"/lib/*.jar; do
        [[ -f $jar ]] || continue
        name=${jar##*/}
        case " ${new_jars[*]-} " in *" $name "*) continue ;; esac
        rm -f -- "$jar"
    done

    install_file "$source_dir/bin/lamb" "$prefix/bin/lamb" 755

    local bash_completion=$prefix/share/bash-completion/completions/lamb
    local zsh_completion=$prefix/share/zsh/site-functions/_lamb
    local completions=yes
    if [[ -f $source_dir/completions/lamb.bash && -f $source_dir/completions/_lamb ]]; then
        install_file "$source_dir/completions/lamb.bash" "$bash_completion" 644
        install_file "$source_dir/completions/_lamb" "$zsh_completion" 644
    else
        completions=''
        warn "$source_dir/completions/ has no lamb.bash and _lamb; shell completions not installed"
    fi

    if [[ -n $archive ]]; then
        create_archive
    else
        cds_status="not made (--no-archive)"
    fi

    # Upgrade: files an earlier install wrote and this one did not (an old archive, old completions)
    # go; directories stay listed while they exist.
    local final=()
    for e in ${entries[@]+"${entries[@]}"}; do
        path=$(where "$e") || continue
        case $e in
            'file '*)
                if ! in_list "$e" ${this_run[@]+"${this_run[@]}"}; then
                    rm -f -- "$path"
                elif [[ -e $path || -L $path ]]; then
                    final+=("$e")
                fi ;;
            *) if [[ -d $path ]]; then final+=("$e"); fi ;;
        esac
    done
    entries=(${final[@]+"${final[@]}"})
    write_manifest

    local version
    version=$("$prefix/bin/lamb" --version </dev/null 2>/dev/null | head -n1) || version=''
    echo "${bold}${version:-lamb} installed into ${prefix:-/}${normal}"
    echo "  launcher          $prefix/bin/lamb"
    echo "  jars              $share/lamb.jar and $share/lib/ (${#new_jars[@]} libraries)"
    echo "  start-up archive  $share/lamb.jsa: $cds_status"
    if [[ -n $completions ]]; then
        echo "  bash completion   $bash_completion"
        echo "  zsh completion    $zsh_completion"
    fi
    echo "  manifest          $manifest (remove all with: ./install.sh --uninstall --prefix '${prefix:-/}')"

    if ! on_path "$prefix/bin"; then
        echo
        echo "$prefix/bin is not on your PATH. Add it in ~/.bashrc or ~/.zshrc:"
        echo "  export PATH=\"$prefix/bin:\$PATH\""
    fi
    if [[ -n $completions ]]; then
        echo
        echo "Completions:"
        local auto_bash=${BASH_COMPLETION_USER_DIR:-${XDG_DATA_HOME:-${HOME:-~}/.local/share}/bash-completion}/completions
        if [[ ${bash_completion%/*} == "$auto_bash" || $prefix == /usr || $prefix == /usr/local ]]; then
            echo "  bash: bash-completion loads it by itself (new shells)"
        else
            echo "  bash: add to ~/.bashrc:  source '$bash_completion'"
        fi
        if [[ $prefix == /usr || $prefix == /usr/local ]]; then
            echo "  zsh:  compinit finds it by itself (new shells)"
        else
            echo "  zsh:  add to ~/.zshrc, before compinit:  fpath=('${zsh_completion%/*}' \$fpath)"
        fi
    fi
}

case $mode in
    install) do_install ;;
    uninstall) uninstall ;;
esac
