// The TensorFlow C library and headers, extracted once per machine from the tensorflow-cpu wheel
// into the cache (about 0.8 GB). The wheel has no libtensorflow.so: the C API the binding uses
// (TF_* / TFE_*) is exported by libtensorflow_cc.so.2.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { log, run } from '../lib/util.mjs';
import { TF_VERSION, WHEEL_MEMBERS, libtensorflowDir } from './config.mjs';
import { ensureWheel, python } from './wheel.mjs';

const MARKER = 'COMPLETE.json';

// Extracts the needed members with Python's zipfile (unzip may be absent) into a temporary folder
// next to the target, then renames it into place, so an interrupted run leaves no half cache.
const EXTRACT_PY = String.raw`
import json, os, shutil, sys, zipfile
wheel, dest, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
tmp = dest + '.tmp-%d' % os.getpid()
shutil.rmtree(tmp, ignore_errors=True)
os.makedirs(os.path.join(tmp, 'lib'))
found = {lib: False for lib in spec['libs']}
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        name = info.filename
        if name.endswith('/'):
            continue
        if name in found:
            target = os.path.join(tmp, 'lib', os.path.basename(name))
            found[name] = True
        elif any(name.startswith(p) for p in spec['includes']):
            target = os.path.join(tmp, name[len('tensorflow/'):])
        else:
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with z.open(info) as src, open(target, 'wb') as out:
            shutil.copyfileobj(src, out, 1 << 20)
        os.chmod(target, 0o755 if '/lib/' in target else 0o644)
missing = [k for k, v in found.items() if not v]
if missing:
    shutil.rmtree(tmp, ignore_errors=True)
    sys.exit('the wheel lacks ' + ', '.join(missing))
for header in ('tensorflow/c/c_api.h', 'tensorflow/c/eager/c_api.h'):
    if not os.path.exists(os.path.join(tmp, 'include', header)):
        shutil.rmtree(tmp, ignore_errors=True)
        sys.exit('the wheel lacks include/' + header)
with open(os.path.join(tmp, 'COMPLETE.json'), 'w') as f:
    json.dump({'wheel': os.path.basename(wheel), 'version': spec['version']}, f)
shutil.rmtree(dest, ignore_errors=True)
os.makedirs(os.path.dirname(dest), exist_ok=True)
os.rename(tmp, dest)
`;

/** The extracted library folder ({lib, include}) when complete, else null. */
export function cachedLibtensorflow(dir = libtensorflowDir()) {
  const marker = join(dir, MARKER);
  if (!existsSync(marker)) return null;
  try {
    if (JSON.parse(readFileSync(marker, 'utf8')).version !== TF_VERSION) return null;
  } catch {
    return null;
  }
  const lib = join(dir, 'lib');
  if (!WHEEL_MEMBERS.libs.every((m) => existsSync(join(lib, m.split('/').pop())))) return null;
  return { dir, lib, include: join(dir, 'include') };
}

/** Returns the extracted library, extracting it from the (possibly downloaded) wheel when needed. */
export function ensureLibtensorflow() {
  const hit = cachedLibtensorflow();
  if (hit) return hit;
  const wheel = ensureWheel();
  const dir = libtensorflowDir();
  log('native', `extracting the TensorFlow ${TF_VERSION} C library from ${wheel} into ${dir}`);
  try {
    run(python(), ['-c', EXTRACT_PY, wheel, dir, JSON.stringify({ ...WHEEL_MEMBERS, version: TF_VERSION })]);
  } catch (e) {
    throw new Error(`could not extract the TensorFlow C library from ${wheel}: ${e.message}. ` +
      `Delete the wheel to download it again, or check free disk space (about 0.8 GB) in ${dir}`);
  }
  const got = cachedLibtensorflow(dir);
  if (!got) throw new Error(`extraction finished but ${dir} is incomplete`);
  return got;
}
