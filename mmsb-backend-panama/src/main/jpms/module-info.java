/**
 * The Panama backend (JDK 25+): found through {@code Backends}, exports nothing. Needs
 * {@code --enable-native-access=dev.mmsb.backend.panama} on the module path.
 */
module dev.mmsb.backend.panama {
    requires dev.mmsb.api;

    provides dev.mmsb.memory.spi.BackendProvider with dev.mmsb.backend.panama.PanamaBackendProvider;
}
