import sys


def main() -> int:
    for name in sys.argv[1:]:
        with open(name) as f:
            if "FORBIDDEN" in f.read():
                print(f"{name}: contains FORBIDDEN")
                return 1
    print(f"py-hello checked {len(sys.argv) - 1} file(s)")
    return 0
