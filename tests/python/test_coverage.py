"""Coverage against transformers 5.23.0's auto mapping: every model_type of
IMAGE_PROCESSOR_MAPPING_NAMES and MISSING_IMAGE_PROCESSOR_MAPPING_NAMES (223), those with a PIL
class (171), and how many pixelprep resolves. Prints

    coverage: N of 223 model_types, M of 171 PIL-backed

and fails where pixelprep resolves a model_type to a class other than transformers' (or to a
class whose PIL backend transformers does not have), or a supported class serves no
model_type. The figures are read live from the installed transformers; they are reported,
not asserted (the coverage issue's target is N, M >= 140)."""
import pytest

transformers = pytest.importorskip("transformers", reason="transformers is not installed")
if transformers.__version__ != "5.23.0":
    pytest.skip(f"transformers {transformers.__version__} is not the pinned 5.23.0", allow_module_level=True)

import pixelprep  # noqa: E402
from transformers.models.auto import image_processing_auto as auto  # noqa: E402


def test_coverage_of_transformers_model_types(capsys):
    mapping = {**dict(auto.MISSING_IMAGE_PROCESSOR_MAPPING_NAMES), **dict(auto.IMAGE_PROCESSOR_MAPPING_NAMES)}
    pil_backed = {mt for mt, v in mapping.items() if isinstance(v, dict) and v.get("pil")}
    covered, wrong = set(), []
    for model_type, classes in sorted(mapping.items()):
        ours = pixelprep.class_for_model_type(model_type)
        if ours is None:
            continue
        theirs = classes.get("pil", "").removesuffix("Pil") if isinstance(classes, dict) else None
        if ours != theirs:
            wrong.append(f"{model_type}: pixelprep {ours}, transformers' PIL class {classes!r}")
        covered.add(model_type)
    serving = {pixelprep.class_for_model_type(mt) for mt in covered}
    idle = sorted(set(pixelprep.supported_classes()) - serving)
    with capsys.disabled():
        print(f"\ncoverage: {len(covered)} of {len(mapping)} model_types, {len(covered & pil_backed)} of "
              f"{len(pil_backed)} PIL-backed (transformers {transformers.__version__})")
    assert not wrong, "\n".join(wrong)
    assert not idle, f"supported classes that no model_type resolves to: {idle}"
