import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationArguments } from 'class-validator';

/** One decorator's check, bound once: class-validator's own constraint and its arguments. */
interface PropertyCheck {
  validate(value: unknown, args: ValidationArguments): unknown;
  constraints: unknown[];
}

interface PropertyRules {
  property: string;
  /** `@IsOptional`-style conditions: when one is false, the property is not checked. */
  conditions: ((object: object, value: unknown) => boolean)[];
  checks: PropertyCheck[];
}

/** Accepts a plain object exactly when class-validator would, without its error bookkeeping. */
export type CompiledRules = (object: Record<string, unknown>) => boolean;

/**
 * Compiles the class-validator rules of `target` into one function that answers only "all
 * valid" or "not sure". It calls the very constraints the decorators registered, with the
 * same arguments, so the rules stay written once, on the DTO. Returns `null` for a class
 * with anything it does not reproduce exactly (nested or async validation, groups, `each`,
 * `@IsDefined`, `validateIf`): such a class is always validated by class-validator itself.
 *
 * Like the API's `ValidationPipe` (`whitelist` + `forbidNonWhitelisted`), a property the
 * class does not declare makes the object invalid.
 */
export function compileRules(target: new () => object): CompiledRules | null {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(target, '', true, false);
  if (metadatas.length === 0) return null;
  const byProperty = new Map<string, PropertyRules>();
  for (const metadata of metadatas) {
    if (metadata.groups?.length || metadata.always || metadata.each || metadata.validateIf) {
      return null;
    }
    let rules = byProperty.get(metadata.propertyName);
    if (!rules) {
      rules = { property: metadata.propertyName, conditions: [], checks: [] };
      byProperty.set(metadata.propertyName, rules);
    }
    if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) {
      rules.conditions.push(metadata.constraints[0] as PropertyRules['conditions'][number]);
    } else if (metadata.type === ValidationTypes.CUSTOM_VALIDATION) {
      for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
        if (constraint.async) return null;
        rules.checks.push({
          validate: (value, args) => constraint.instance.validate(value, args),
          constraints: metadata.constraints,
        });
      }
    } else if (metadata.type !== ValidationTypes.WHITELIST) {
      return null;
    }
  }
  const properties = [...byProperty.values()];
  const declared = new Set(byProperty.keys());
  const targetName = target.name;

  return (object) => {
    for (const key in object) {
      if (!declared.has(key)) return false;
    }
    for (const { property, conditions, checks } of properties) {
      const value = object[property];
      if (conditions.some((condition) => !condition(object, value))) continue;
      for (const { validate, constraints } of checks) {
        const args: ValidationArguments = { targetName, property, object, value, constraints };
        if (validate(value, args) !== true) return false;
      }
    }
    return true;
  };
}
