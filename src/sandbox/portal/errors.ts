import { PortalError } from './types.js';

/** HubSpot answers an unknown object type on the objects and properties endpoints this way. */
export function unknownObjectType(nameOrId: string): PortalError {
  return new PortalError(400, 'VALIDATION_ERROR', `Unable to infer object type from: ${nameOrId}`);
}

export function objectNotFound(type: string, id: string): PortalError {
  return new PortalError(404, 'OBJECT_NOT_FOUND', `resource not found: ${type} ${id}`, [
    { message: `Object ${id} of type ${type} was not found`, code: 'OBJECT_NOT_FOUND' },
  ]);
}

export function validationError(message: string, code?: string): PortalError {
  return new PortalError(400, 'VALIDATION_ERROR', message, code ? [{ message, code }] : undefined);
}

/** HubSpot's body for writes that name a property the object does not have. */
export function propertyDoesNotExist(names: string[]): PortalError {
  const details = names.map((name) => ({
    message: `Property "${name}" does not exist`,
    code: 'PROPERTY_DOESNT_EXIST',
    context: { propertyName: [name] },
  }));
  const summary = names
    .map(
      (n) =>
        `{"isValid":false,"message":"Property \\"${n}\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"${n}"}`,
    )
    .join(',');
  return new PortalError(
    400,
    'VALIDATION_ERROR',
    `Property values were not valid: [${summary}]`,
    details,
  );
}

export function conflict(message: string): PortalError {
  return new PortalError(409, 'CONFLICT', message);
}
