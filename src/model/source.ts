/** Where a model node came from: a file and the JSON Pointer of the object in its YAML document. */
export interface Source {
  readonly file: string
  /** JSON Pointer of the object in its YAML document. */
  readonly pointer: string
}
