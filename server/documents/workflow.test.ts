import { describe, expect, test } from "vitest";
import { AppError } from "../errors.ts";
import {
  WORKFLOW_MOVES,
  WORKFLOW_STATES,
  allowedMoves,
  assertMove,
  statusFor,
  targetOf,
  workflowStateOf,
  type WorkflowMove,
  type WorkflowState,
} from "./workflow.ts";

describe("publishing workflow table", () => {
  // [move, from, to without a published version, to with one]
  const allowed: Array<[WorkflowMove, WorkflowState, WorkflowState, WorkflowState]> = [
    ["submit", "DRAFT", "IN_REVIEW", "IN_REVIEW"],
    ["submit", "PUBLISHED", "IN_REVIEW", "IN_REVIEW"],
    ["approve", "IN_REVIEW", "IN_REVIEW", "IN_REVIEW"],
    ["request_changes", "IN_REVIEW", "DRAFT", "PUBLISHED"],
    ["withdraw", "IN_REVIEW", "DRAFT", "PUBLISHED"],
    ["replace_snapshot", "IN_REVIEW", "IN_REVIEW", "IN_REVIEW"],
    ["publish", "IN_REVIEW", "PUBLISHED", "PUBLISHED"],
    ["archive", "DRAFT", "ARCHIVED", "ARCHIVED"],
    ["archive", "IN_REVIEW", "ARCHIVED", "ARCHIVED"],
    ["archive", "PUBLISHED", "ARCHIVED", "ARCHIVED"],
    ["restore", "ARCHIVED", "DRAFT", "PUBLISHED"],
  ];
  const pairs = WORKFLOW_MOVES.flatMap((move) => WORKFLOW_STATES.map((from) => [move, from] as const));

  test.each(pairs)("%s from %s follows the table", (move, from) => {
    const rule = allowed.find(([m, f]) => m === move && f === from);
    expect(targetOf(move, from, false)).toBe(rule?.[2] ?? null);
    expect(targetOf(move, from, true)).toBe(rule?.[3] ?? null);
    if (rule) expect(assertMove(move, from, true)).toBe(rule[3]);
    else expect(() => assertMove(move, from, true)).toThrow(AppError);
  });

  test("a refusal is a 409 that names what the state allows", () => {
    try {
      assertMove("publish", "DRAFT", false);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ status: 409, code: "invalid_transition", details: { from: "DRAFT", move: "publish", allowed: ["submit", "archive"] } });
      expect((error as AppError).message).toBe("A document cannot be published while it is a draft; it can be submitted for review, be archived.");
    }
  });

  test("a published document in review keeps the PUBLISHED status readers see", () => {
    expect(statusFor("IN_REVIEW", true)).toBe("PUBLISHED");
    expect(statusFor("IN_REVIEW", false)).toBe("IN_REVIEW");
    expect(workflowStateOf("PUBLISHED", true)).toBe("IN_REVIEW");
    expect(workflowStateOf("PUBLISHED", false)).toBe("PUBLISHED");
    expect(workflowStateOf("IN_REVIEW", false)).toBe("IN_REVIEW");
    expect(workflowStateOf("ARCHIVED", true)).toBe("ARCHIVED");
  });

  test("each actor gets only their own moves", () => {
    expect(allowedMoves("IN_REVIEW", new Set(["reviewer"]))).toEqual(["approve", "request_changes"]);
    expect(allowedMoves("IN_REVIEW", new Set(["editor"]))).toEqual(["withdraw", "replace_snapshot", "publish"]);
    expect(allowedMoves("PUBLISHED", new Set(["editor", "admin"]))).toEqual(["submit", "archive"]);
    expect(allowedMoves("ARCHIVED", new Set(["editor"]))).toEqual([]);
  });
});
