#!/usr/bin/python3
"""Checks exported ONNX models with the ONNX project's own checker (independent of ONNX Runtime).

Usage: /usr/bin/python3 check_onnx_model.py MODEL.onnx [MODEL.onnx ...]
Needs Debian's python3-onnx (1.12.0: opset 17, IR version 8). For each model: onnx.checker.check_model with
full_check=True (schema of every node, then strict shape inference), and prints the opset imports, the operators
used and the inferred shapes of the graph's inputs and outputs.
"""
import sys

import onnx


def dims(value):
    return [d.dim_param or d.dim_value for d in value.type.tensor_type.shape.dim]


def main(paths):
    for path in paths:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
        ops = sorted({n.op_type for n in model.graph.node})
        print(f"{path}: ir_version {model.ir_version}, opsets {[(o.domain, o.version) for o in model.opset_import]}")
        print(f"  ops: {', '.join(ops)}")
        for v in inferred.graph.input:
            print(f"  input  {v.name}: {dims(v)}")
        for v in inferred.graph.output:
            print(f"  output {v.name}: {dims(v)}")


if __name__ == "__main__":
    main(sys.argv[1:])
