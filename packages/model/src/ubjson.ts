/**
 * XGBoost's binary model format, UBJSON (`Booster.save_model("model.ubj")`; XGBoost 2.x writes it
 * unless the name ends in .json), decoded to the same object tree as its JSON format, so one
 * parser (xgboost.ts) reads both.
 */
import { UbjsonDecoder } from '@shelacek/ubjson';

// XGBoost writes string and array lengths as int64; any real length is far below 2^53.
const decoder = new UbjsonDecoder({
  int64Handling: ({ view }, offset) => {
    const value = view.getBigInt64(offset);
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new Error(`int64 ${value} out of range`);
    return Number(value);
  },
  useTypedArrays: false,
});

/** True for a UBJSON object: '{' then a type marker, where JSON has a quote or whitespace. */
export function isUbjson(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x7b && 'iUIlL$#}'.includes(String.fromCharCode(bytes[1]!));
}

/** The decoded value; throws on truncated or malformed input. */
export function parseUbjson(bytes: Uint8Array): unknown {
  return decoder.decode(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}
