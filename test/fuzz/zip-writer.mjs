import { crc32, deflateRawSync } from "node:zlib";

/**
 * A small zip writer for hostile archives: each member's bytes, method, declared sizes, CRC and
 * flags can lie. Not for real archives (fflate writes those).
 *
 * @param {Array<{ name: string | Uint8Array, data: Uint8Array, method?: 0 | 8, compressed?: Uint8Array, size?: number, crc?: number, flags?: number }>} members
 * @returns {Buffer}
 */
export function zipOf(members) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const m of members) {
    const name = typeof m.name === "string" ? Buffer.from(m.name, "utf8") : Buffer.from(m.name);
    const method = m.method ?? 8;
    const body = m.compressed ?? (method === 8 ? deflateRawSync(m.data) : Buffer.from(m.data));
    const size = m.size ?? m.data.length;
    const crc = m.crc ?? crc32(m.data) >>> 0;
    const flags = (m.flags ?? 0) | (typeof m.name === "string" ? 0x800 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(members.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(members.length, 0xffff), 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
