/** A name from HubSpot (or a caller) that cannot safely become a Postgres identifier. */
export class IdentifierError extends Error {
  readonly code = 'IDENTIFIER';
  constructor(
    message: string,
    readonly identifier: string,
  ) {
    super(message);
    this.name = 'IdentifierError';
  }
}

export const isIdentifierError = (error: unknown): error is IdentifierError =>
  error instanceof IdentifierError;

/** An association row the store cannot place: wrong direction, or outside the replaced scope. */
export class AssociationShapeError extends Error {
  readonly code = 'ASSOCIATION_SHAPE';
  constructor(message: string) {
    super(message);
    this.name = 'AssociationShapeError';
  }
}
