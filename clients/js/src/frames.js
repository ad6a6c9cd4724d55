// Frames of the JSON codec (docs/protocol.md#codecs).

/** The oneof kind of a frame: its one key besides requestId ('' when none). */
export function kindOf(frame) {
  for (const key of Object.keys(frame)) {
    if (key !== 'requestId') {
      return key;
    }
  }
  return '';
}
