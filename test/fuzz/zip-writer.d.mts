/** Types of zip-writer.mjs. */
export function zipOf(
  members: Array<{
    name: string | Uint8Array;
    data: Uint8Array;
    method?: 0 | 8;
    compressed?: Uint8Array;
    size?: number;
    crc?: number;
    flags?: number;
  }>,
): Buffer;
