"""Makes a folder of boto3's packages compiled for the Python that runs this (lamb's PythonSdkCache).

Arguments: SOURCE (the site-packages boto3 is in), FOLDER (what to make), then the package names. The packages
are copied (hard links where the file system allows; sources keep their times either way) into a temporary
folder beside FOLDER and compiled there; compiled.txt lists each compiled file's CRC-32 and path; then the
temporary folder is renamed to FOLDER: readers see all of it or nothing, and of two makers racing one wins.
Run by lamb as a process of its own, so that it completes even when the lamb that started it exits first.
"""
import compileall
import os
import py_compile
import shutil
import sys
import tempfile
import zlib


def link_or_copy(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def main(source, folder, packages):
    making = tempfile.mkdtemp(prefix=".making-", dir=os.path.dirname(folder))
    try:
        for name in packages:
            src, dst = os.path.join(source, name), os.path.join(making, name)
            if os.path.isdir(src):
                shutil.copytree(src, dst, symlinks=True, copy_function=link_or_copy)
            elif os.path.exists(src):
                link_or_copy(src, dst)
        # A file that does not compile gets no compiled file, and fails in functions as it would without the cache.
        compileall.compile_dir(making, quiet=2, invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)
        lines = []
        for parent, _, files in os.walk(making):
            for name in files:
                if name.endswith(".pyc"):
                    path = os.path.join(parent, name)
                    with open(path, "rb") as f:
                        lines.append("%x %s" % (zlib.crc32(f.read()), os.path.relpath(path, making)))
        with open(os.path.join(making, "compiled.txt"), "w") as f:
            f.write("".join(line + "\n" for line in sorted(lines)))
        os.rename(making, folder)
    except OSError:
        shutil.rmtree(making, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
