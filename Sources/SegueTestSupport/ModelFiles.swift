/// Where `make` puts the converted MusiCNN weights (`scripts/fetch-musicnn.sh`): `make test`
/// fetches them before any test runs.
public enum ModelFiles {
    public static var musicnn: String {
        FixtureFiles.packageRoot + "/models/musicnn"
    }
}
