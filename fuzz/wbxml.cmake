# dmboot/wbxml fuzz targets (issue #3); seeds in corpus/<target>/ are the golden and sample WBXML
# files of dmboot/wbxml/testdata plus crash reproducers.
dmboot_fuzz_target(NAME wbxml_decode SOURCE wbxml_decode.cc DEPS dmboot::wbxml)
dmboot_fuzz_target(NAME wbxml_roundtrip SOURCE wbxml_roundtrip.cc DEPS dmboot::wbxml)
