# Regenerates ../tables_identify.go: asks identify (pre-commit's file tagger) for the tags of
# every extension, file name and interpreter it knows, and prints them as Go tables grouped
# by tag set. Run with identify installed:
#   python testdata/gen_tables.py "$(python -c 'import importlib.metadata as m; print(m.version("identify"))')" > tables_identify.go
# then `go test ./internal/filetype` (TestIdentifyCompatible compares against identify).
import collections, sys
from identify import identify, extensions, interpreters
def group(items):
    g = collections.defaultdict(list)
    for k, tags in items:
        g[' '.join(sorted(tags))].append(k)
    return sorted((t, sorted(ks)) for t, ks in g.items())
def emit(name, doc, rows):
    print(f'// {doc}')
    print(f'var {name} = tagTable{{')
    for tags, keys in rows:
        line = ' '.join(keys)
        print(f'\t{tags!r}: {line!r},'.replace("'", '"'))
    print('}\n')
# probe via the public function on synthetic names
ext_rows = []
for ext in extensions.EXTENSIONS:
    ext_rows.append((ext, identify.tags_from_filename('x.' + ext)))
bin_rows = [(ext, identify.tags_from_filename('x.' + ext)) for ext in extensions.EXTENSIONS_NEED_BINARY_CHECK]
name_rows = [(n, extensions.NAMES[n]) for n in extensions.NAMES]
interp_rows = [(i, identify.tags_from_interpreter(i)) for i in interpreters.INTERPRETERS]
print('package filetype\n')
print('// Code generated from observations of identify ' + sys.argv[1] + ' by testdata/gen_tables.py. DO NOT EDIT.\n')
emit('extensionTags', 'extensionTags: for each set of tags, the lower-case extensions whose files get it.', group(ext_rows))
emit('binaryCheckTags', 'binaryCheckTags: extensions whose files get these tags plus text or binary by content.', group(bin_rows))
emit('nameTags', 'nameTags: for each set of tags, the file names (or dot-separated name parts) that give it.', group(name_rows))
emit('interpreterTags', 'interpreterTags: for each set of tags, the shebang interpreters that give it.', group(interp_rows))
